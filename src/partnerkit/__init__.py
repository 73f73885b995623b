"""Partnering with the Business: a Jupyter teaching kit on IT-business partnership.

Notebooks stay prose plus short calls; the logic lives here, with unit tests.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
