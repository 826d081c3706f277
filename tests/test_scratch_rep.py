import pytest
from django.utils import translation
from koers.evaluation import documents
from tests import evaluation_reports_data

def test_smoke(programme, manager):
    data = evaluation_reports_data.evaluated(programme, manager)
    for lang in ("en", "nl"):
        with translation.override(lang):
            c = documents.report_content(data["sub"])
            for b in c.blocks:
                print(b.kind, b.text, b.rows)
            s = documents.summary_content(programme)
            for b in s.blocks:
                print(b.kind, b.text, b.rows)
