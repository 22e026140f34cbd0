"""Watch files, exports and the post editor: what the diary command reads and writes.

A library under the command line (cli/), with no Pelican in it.
"""
