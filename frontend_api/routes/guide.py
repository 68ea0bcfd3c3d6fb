urlpatterns = []

LISTINGS = {}
