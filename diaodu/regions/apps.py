from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class RegionsConfig(AppConfig):
    name = "diaodu.regions"
    label = "regions"

    def ready(self) -> None:
        from diaodu.regions.models import Region
        from diaodu.regions.signals import region_changed

        post_save.connect(region_changed, sender=Region, dispatch_uid="regions.saved")
        post_delete.connect(region_changed, sender=Region, dispatch_uid="regions.deleted")
