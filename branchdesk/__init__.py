"""团支部工作台 BranchDesk."""

__version__ = "0.1.0"
APP_NAME = "团支部工作台"
