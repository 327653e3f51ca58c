"""isnad settings: the settings table (name, environment variable, default, meaning)."""

from kg.settings import settings_table_markdown

NAME = "settings"
HELP = "print the settings table"


def configure(p):
    pass


def run(args) -> int:
    print(settings_table_markdown())
    return 0
