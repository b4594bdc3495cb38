"""``python -m locatieplanner``: the command line, as the ``locatieplanner`` script."""

from .cli import main

main(prog_name="locatieplanner")
