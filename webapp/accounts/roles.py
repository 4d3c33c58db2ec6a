"""The roles a person can hold, and which of them are staff."""

from flask_babel import lazy_gettext as _l

from webapp import labels
from webapp.security.roles import Role

#: Roles anyone may take when creating their own account.
SELF_SERVICE_ROLES = (Role.MIGRANT, Role.LANDLORD, Role.EMPLOYER)
#: Roles only given by a one-time enrolment link.
STAFF_ROLES = (Role.COORDINATOR, Role.OFFICER, Role.ADMIN)

labels.register(
    "role",
    {
        Role.MIGRANT: _l("New resident"),
        Role.LANDLORD: _l("Landlord"),
        Role.EMPLOYER: _l("Employer"),
        Role.COORDINATOR: _l("Coordinator"),
        Role.OFFICER: _l("Service officer"),
        Role.ADMIN: _l("Administrator"),
    },
)

#: Which level of place each staff role is scoped to (None: any level).
STAFF_SCOPE_LEVEL = {Role.COORDINATOR: "community", Role.OFFICER: "county", Role.ADMIN: None}
