import pytest
from django.test import RequestFactory

from tandem.accounts.models import User
from tandem.core.models import AccessLog
from tandem.core.policy import log_access

pytestmark = pytest.mark.django_db


def test_school_it_exports_the_access_log_and_cannot_edit_it(client, cast):
    request = RequestFactory().get("/")
    request.user = cast.case_manager
    entry = log_access(request, student=cast.student, record=cast.student, purpose="IEP review")
    admin = User.objects.create_superuser(email="it@harbor.test", password="x", full_name="IT")
    client.force_login(admin)
    response = client.post(
        "/admin/core/accesslog/",
        {"action": "export_csv", "_selected_action": [entry.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("at,user,student")
    assert "casey@harbor.test" in lines[1] and "IEP review" in lines[1]
    assert client.get(f"/admin/core/accesslog/{entry.pk}/delete/").status_code == 403
    assert AccessLog.objects.count() == 1
