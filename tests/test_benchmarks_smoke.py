"""The benchmarks' generator and their in-process parts at two tiny scales (the full run is
``python -m benchmarks.run_all``, by hand): the main pages ask the same number of queries however
large the tenant, and weigh at most 200 KB with everything they load, as Koers sends it (HTML
raw, static files gzipped)."""

import pytest
from benchmarks import pages, tenant

pytestmark = pytest.mark.django_db


def test_main_pages_ask_as_many_queries_at_two_scales_and_stay_under_the_weight_limit(settings):
    settings.MFA_ENFORCE = False
    small = tenant.generate(scale=0.2, seed=1, observations=5_000)
    large = tenant.generate(scale=0.6, seed=1, observations=20_000)
    assert large.counts["actions"] > small.counts["actions"] > 0
    assert large.counts["observations"] == 20_000
    assert large.counts["subprojects"] > small.counts["subprojects"]

    small_counts = pages.query_counts(small)
    assert set(small_counts) == {label for label, _name, _sub in pages.MAIN_PAGES}
    assert pages.query_counts(large) == small_counts

    for label, weight in pages.page_weights(large).items():
        assert weight.files > 0, label
        assert weight.sent <= pages.WEIGHT_LIMIT, (label, weight)
