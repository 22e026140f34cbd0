"""The running-diary plugin: training, stretch, treatment and soreness logs."""


def register():
    """Connect the plugin to Pelican (imported lazily so the CLI stays fast)."""
    from .build.plugin import register as connect

    connect()
