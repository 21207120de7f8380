"""The container virt driver: see driver.py."""
