"""Words for the jobs board's codes: kinds of work, a posting's status, a referral's kind, why a requirement is
refused."""

from flask_babel import lazy_gettext as _l

from webapp import labels

labels.register(
    "work_kind",
    {
        "manufacturing": _l("Factory and manufacturing"),
        "construction": _l("Construction"),
        "hospitality": _l("Restaurants and hotels"),
        "retail": _l("Shops and markets"),
        "logistics": _l("Delivery and warehouses"),
        "domestic": _l("Housekeeping and care"),
        "cleaning": _l("Cleaning and sanitation"),
        "farming": _l("Farming"),
        "other": _l("Other work"),
    },
)
labels.register(
    "vacancy_status",
    {
        "pending": _l("Waiting for review"),
        "approved": _l("Shown on the jobs board"),
        "taken_down": _l("Taken down"),
        "expired": _l("Closed"),
    },
)
labels.register("referral_kind", {"referral": _l("Free job referral"), "training": _l("Training place")})
#: Why a requirement is refused, next to the field: the law in plain words (就业促进法, 劳动法).
labels.register(
    "vacancy_refusal",
    {
        "hukou": _l(
            "Do not ask for a household registration (hukou) or where someone comes from. The Employment Promotion "
            "Law gives workers from the countryside and from other places the same right to work as local people."
        ),
        "sex": _l(
            "Do not ask for men only or women only, or whether someone is married or has children. The Employment "
            "Promotion Law gives women the same right to work as men."
        ),
        "ethnicity": _l(
            "Do not ask for an ethnic group. The Employment Promotion Law gives people of every ethnic group the same "
            "right to work."
        ),
        "age_limit": _l(
            "Do not set an upper age. Say what the work needs instead (for example, lifting 25 kg): the Employment "
            "Promotion Law asks that job seekers be treated equally."
        ),
        "under_16": _l(
            "Nobody under 16 may be hired: the Labour Law forbids it. The youngest age you may ask for is 16, or 18 "
            "for heavy, night or dangerous work."
        ),
    },
)
