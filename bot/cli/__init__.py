"""The `newsbot` command line: one module per group of subcommands."""
