"""The admin for registrations."""
