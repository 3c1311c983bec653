"""Version numbers: the package's, and the Report schema's (bumped on any field change)."""

__version__ = "0.1.0"
REPORT_SCHEMA_VERSION = "1.0"
