"""The app tests' fixtures (tests.helpers.app has them and the helpers)."""

from tests.helpers.app import make_app, records_dir

__all__ = ["make_app", "records_dir"]
