"""The running-diary plugin: training, stretch, treatment and soreness logs."""


def register():
    """Connect the plugin to Pelican (imported lazily so the CLI stays fast)."""
    from .plugin.receivers import register as connect

    connect()
