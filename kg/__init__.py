"""kg: knowledge graphs of people, posts, bodies and meetings from Vietnamese political news."""

__version__ = "0.1.0"
