"""``python -m locatieplanner``: the command line, as the ``locatieplanner`` script."""

from .cli import start

start()
