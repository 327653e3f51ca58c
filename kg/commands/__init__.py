"""One module per ``isnad`` subcommand (see :mod:`kg.cli`)."""
