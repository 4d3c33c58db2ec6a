"""The roles a person can hold, and which of them are staff."""

from flask_babel import lazy_gettext as _l

from webapp.security.roles import Role

#: Roles anyone may take when creating their own account.
SELF_SERVICE_ROLES = (Role.MIGRANT, Role.LANDLORD, Role.EMPLOYER)
#: Roles only given by a one-time enrolment link.
STAFF_ROLES = (Role.COORDINATOR, Role.OFFICER, Role.ADMIN)

ROLE_LABELS = {
    Role.MIGRANT: _l("New resident"),
    Role.LANDLORD: _l("Landlord"),
    Role.EMPLOYER: _l("Employer"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.OFFICER: _l("Service officer"),
    Role.ADMIN: _l("Administrator"),
}

#: Which level of place each staff role is scoped to (None: any level).
STAFF_SCOPE_LEVEL = {Role.COORDINATOR: "community", Role.OFFICER: "county", Role.ADMIN: None}

#: Departments a service officer can belong to (DOMAIN.md §3).
DEPARTMENTS = {
    "public_security": _l("Public security"),
    "education": _l("Education"),
    "hrss": _l("Human resources and social security"),
    "justice": _l("Justice"),
    "health": _l("Health"),
    "housing": _l("Housing"),
    "civil_affairs": _l("Civil affairs"),
    "culture": _l("Culture"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS[Role(role)])


def department_label(department: str) -> str:
    return str(DEPARTMENTS.get(department, department))
