"""``python -m fluxos``: same as the ``fluxos`` command."""

from fluxos.cli import main

main()
