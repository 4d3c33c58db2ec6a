"""Job postings of the synthetic employers, and referral and training requests made for them (issue 16): the jobs
board's tables at the scale of the city, so the benchmarks cover them."""

from datetime import date, datetime, timedelta

from webapp.synthetic.base import Base, local_day
from webapp.synthetic.distributions import VACANCIES, Pick

TITLES = {
    "manufacturing": ("普工", "缝纫工", "包装工", "质检员", "操作工"),
    "construction": ("钢筋工", "木工", "瓦工", "小工"),
    "hospitality": ("服务员", "厨师", "洗碗工", "保安"),
    "retail": ("营业员", "收银员", "理货员"),
    "logistics": ("快递员", "仓库分拣员", "送货司机"),
    "domestic": ("家政服务员", "护工", "育婴员"),
    "cleaning": ("保洁员", "环卫工"),
    "farming": ("果园工人", "大棚工人"),
    "other": ("门卫", "杂工"),
}
SERVICES = ("job_referral", "vocational_training")
#: Postings of the county a request looks at for one that was on the board the day it was made.
LOOKED_AT = 30


class Vacancies(Base):
    def create_vacancies(self) -> None:
        """Postings of some employers at their own community: the board's open ones, some waiting for review, and
        the history (expired, taken down). Open postings are kept by county for the referral requests."""
        rng = self.rng
        status_pick, kind_pick = Pick(VACANCIES["statuses"]), Pick(VACANCIES["kinds"])
        #: county id -> (vacancy id, posted at, closing day) of every posting that was on the board for a while
        self.board_history: dict[int, list[tuple[int, datetime, date]]] = {}
        self.referred: set[tuple[int, int, str]] = set()
        for employer_id, (_name, _code, contact) in self.employer_info.items():
            if rng.random() >= VACANCIES["posting_employers"]:
                continue
            index = self.employer_home[employer_id]
            for _ in range(rng.randint(1, VACANCIES["max_per_employer"])):
                status, kind = status_pick(rng), kind_pick(rng)
                if status in ("approved", "pending"):
                    closes_on = self.today + timedelta(days=rng.randint(1, 60))
                    posted = self.at(self.today - timedelta(days=rng.randint(1, 30)))
                else:
                    closes_on = self.today - timedelta(days=rng.randint(1, 600))
                    posted = self.at(closes_on - timedelta(days=rng.randint(7, 60)))
                low = rng.randrange(3000, 7000, 100)
                vacancy_id = self.new_id("vacancy")
                county = self.comm_county[index]
                self.rows["vacancy"].append(
                    {
                        "id": vacancy_id,
                        "employer_id": employer_id,
                        "created_by_id": contact,
                        "title": rng.choice(TITLES[kind]),
                        "kind": kind,
                        "place_id": self.comm_id[index],
                        "county_id": county,
                        "wage_min": low,
                        "wage_max": low + rng.randrange(0, 3000, 100),
                        "hours": "每天8小时，每周6天",
                        "housing": rng.random() < 0.5,
                        "requirements": "",
                        "min_age": 18 if kind == "construction" else 16,
                        "how_to_apply": "请到单位人事部报名",
                        "closes_on": closes_on,
                        "status": status,
                        "reason": "招聘条件不符合规定" if status == "taken_down" else "",
                        "reviewed_by_id": None,
                        "reviewed_at": None if status == "pending" else self.later(posted, 3),
                        "created_at": posted,
                        "updated_at": posted,
                    }
                )
                if status in ("approved", "expired"):
                    self.board_history.setdefault(county, []).append((vacancy_id, posted, closes_on))

    def referral(self, request: dict) -> None:
        """A job-referral or training request made for a posting of its county that was on the board that day
        (some ask in general, or find none: a few postings looked at, not all)."""
        rng = self.rng
        postings = self.board_history.get(request["county_id"])
        if request["service_code"] not in SERVICES or not postings or rng.random() >= VACANCIES["referral_for_posting"]:
            return
        asked, day = request["created_at"], local_day(request["created_at"])
        found = next(
            (p for p in (rng.choice(postings) for _ in range(LOOKED_AT)) if p[1] <= asked and day <= p[2]), None
        )
        if found is None:
            return
        vacancy_id = found[0]
        kind = "referral" if request["service_code"] == "job_referral" else "training"
        if (vacancy_id, request["person_id"], kind) in self.referred:
            return
        self.referred.add((vacancy_id, request["person_id"], kind))
        self.rows["referral"].append(
            {
                "id": self.new_id("referral"),
                "vacancy_id": vacancy_id,
                "person_id": request["person_id"],
                "request_id": request["id"],
                "kind": kind,
                "shared": rng.random() < VACANCIES["shared"],
                "note": "",
                "created_at": request["created_at"],
            }
        )
