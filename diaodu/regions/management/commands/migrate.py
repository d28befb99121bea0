"""`diaodu migrate`: Django's migrate, then the shipped reference data (idempotent)."""

from django.core.management.commands.migrate import Command as DjangoMigrate

from diaodu.enterprises.services import load_shipped_industries
from diaodu.regions.services import load_shipped_regions, seed_indicators


class Command(DjangoMigrate):
    def handle(self, *args, **options):
        super().handle(*args, **options)
        if options.get("plan") or options.get("check_unapplied") or options.get("prune"):
            return
        regions = load_shipped_regions()
        industries = load_shipped_industries()
        seed_indicators()
        if options.get("verbosity", 1) >= 1:
            if regions is not None:
                self.stdout.write(f"已载入行政区划代码 {len(regions.added)} 个（GB/T 2260-2024）")
            if industries:
                self.stdout.write(
                    f"已载入国民经济行业 {industries} 个（GB/T 4754-2017 门类B、C、D）"
                )
