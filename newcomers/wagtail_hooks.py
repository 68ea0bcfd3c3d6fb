# Each module registers its own admin views and menu items.
from newcomers import admin_ambassadors  # noqa: F401  ("New in our area")
