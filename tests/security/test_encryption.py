"""ID numbers and mobile numbers are encrypted at rest and found by their blind index (webapp/security/crypto.py):
no number in plain text in the database files, after the demo or a journey; look-ups through a unique index; key
rotation in batches; a migration that encrypts the rows already there; no start in production without keys."""

import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.support.factories import id_number
from webapp.extensions import db as _db
from webapp.people.models import Person
from webapp.rentals.models import RentalProperty, Tenancy
from webapp.security import crypto


def stored_numbers(session) -> set[str]:
    """Every ID number and mobile in the database, decrypted."""
    numbers = set()
    for person in session.scalars(sa.select(Person)):
        numbers |= {person.id_number, person.phone}
    numbers |= set(session.scalars(sa.select(RentalProperty.landlord_phone)))
    numbers |= set(session.scalars(sa.select(Tenancy.landlord_phone)))
    return numbers - {None, ""}


def sqlite_bytes(engine) -> bytes:
    """The bytes of a SQLite database's files (the database and its write-ahead log)."""
    path = Path(engine.url.database)
    return b"".join(file.read_bytes() for file in (path, Path(f"{path}-wal")) if file.exists())


def database_text(engine) -> bytes:
    """What a scan of the database sees: the files' bytes on SQLite; every row of every table as text on PostgreSQL
    (whose files are not ours to read)."""
    if engine.dialect.name == "sqlite":
        return sqlite_bytes(engine)
    rows = []
    with engine.connect() as connection:
        for table in _db.metadata.sorted_tables:
            rows += connection.execute(sa.text(f'SELECT CAST(t AS text) FROM "{table.name}" t')).scalars().all()
    return "\n".join(rows).encode()


def assert_no_plain_numbers(data: bytes, numbers: set[str]) -> None:
    found = sorted(number for number in numbers if number.encode() in data)
    assert found == [], f"in plain text: {len(found)} of {len(numbers)}"


def test_a_fresh_demo_database_holds_no_id_number_or_mobile_in_plain_text(make_app, tmp_path):
    """`make demo` on a fresh clone: the SQLite file it leaves has every demo number only encrypted."""
    from webapp.demo.data import load_demo
    from webapp.places.loader import load_places, read_divisions

    database = tmp_path / "xinju.sqlite3"
    demo = make_app("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}", RATELIMIT_STORAGE_URI="memory://")
    with demo.app_context():
        upgrade()
        load_places(read_divisions(prefixes=("370303", "330302", "3703", "3303")))
        load_demo()
        numbers = stored_numbers(_db.session)
        _db.session.remove()
        _db.engine.dispose()
    assert len([n for n in numbers if len(n) == 18]) >= 3 and len([n for n in numbers if len(n) == 11]) >= 2
    data = sqlite_bytes(_db.create_engine(f"sqlite:///{database}"))
    assert len(data) > 100_000
    assert_no_plain_numbers(data, numbers)


@pytest.fixture
def journey(client, db, sign_in, post_form, create_account, community, submit_report, report_data):
    """A migrant saves a profile (ID number, mobile) and a child, reports a rental whose landlord is not on Xinju
    (the landlord's mobile); the landlord joins and registers the rental with that mobile; an employer reports a hire
    by ID number."""
    migrant = sign_in(create_account("migrant"))
    number = id_number(date(1995, 5, 17), sequence=124)
    profile = {
        "name": "王芳",
        "sex": "female",
        "ethnicity": "01",
        "birth_date": "1995-05-17",
        "id_number": number,
        "phone": "138 0013 8000",
        "hukou_province": "41",
        "hukou_city": "4115",
        "hukou_county": "411525",
    }
    assert post_form("/me/profile", profile).status_code == 302
    renter = report_data(housing_type="rental", landlord="139 0000 2222", landlord_name="张三", room="302")
    assert submit_report(renter).status_code == 200
    landlord = sign_in(create_account("landlord"))
    place = {"city": "3703", "county": "370303", "township": "370303001", "community": "370303001001"}
    property_form = place | {"road": "人民路", "number": "18号", "rooms": "302", "landlord_phone": "13900002222"}
    added = post_form("/landlord/properties/new", property_form, follow_redirects=True)
    assert added.status_code == 200
    sign_in(migrant)  # the tenant says the landlord found by the number is theirs
    offered = db.session.scalar(sa.select(Tenancy))
    assert post_form(f"/me/landlord-offers/{offered.id}", {"answer": "accept"}).status_code == 302
    db.session.expire_all()
    person = db.session.scalar(sa.select(Person).where(Person.id_number_is(number)))
    assert person.account_id == migrant.id and person.phone == "13800138000"
    tenancy = db.session.scalar(sa.select(Tenancy))
    assert tenancy.landlord_phone == "13900002222" and tenancy.property is not None  # found by the blind index
    assert tenancy.property.landlord_id == landlord.id
    return {number, "13800138000", "13900002222"}


def test_a_journey_leaves_no_id_number_or_mobile_in_plain_text(db, journey):
    numbers = stored_numbers(db.session) | journey
    db.session.commit()
    assert len(numbers) == 3
    assert_no_plain_numbers(database_text(db.engine), numbers)
    stored = db.session.execute(sa.text("SELECT id_number, id_number_index, phone FROM person")).one()
    assert stored.id_number.startswith(f"{crypto.data_keys().current}:") and len(stored.id_number_index) == 32
    assert stored.phone != "13800138000"


def test_comparing_an_encrypted_column_in_sql_is_refused(db):
    """Each encryption of a number differs: a query comparing the column itself would silently find nothing."""
    with pytest.raises(TypeError, match="blind index"):
        sa.select(Person).where(Person.id_number == "110101199003070014")
    with pytest.raises(TypeError, match="blind index"):
        sa.select(RentalProperty).where(RentalProperty.landlord_phone.in_(["13900002222"]))
    assert db.session.scalar(sa.select(Person).where(Person.id_number.is_not(None))) is None


def test_the_same_number_encrypts_differently_and_indexes_the_same(app, db):
    keys = crypto.data_keys()
    number = id_number(date(1990, 3, 7))
    assert keys.encrypt("id_number", number) != keys.encrypt("id_number", number)
    assert keys.decrypt("id_number", keys.encrypt("id_number", number)) == number
    assert keys.index("id_number", number) == keys.index("id_number", number.lower()[:-1] + number[-1].lower())
    assert keys.index("id_number", number) != keys.index("phone", number)
    with pytest.raises(crypto.DataKeysError, match="does not decrypt"):  # bound to its kind (associated data)
        keys.decrypt("phone", keys.encrypt("id_number", number))


def test_look_ups_by_number_use_a_unique_index_on_the_blind_index(db, create_person):
    inspector = sa.inspect(db.engine)
    unique = {tuple(c["column_names"]) for c in inspector.get_unique_constraints("person")}
    unique |= {tuple(i["column_names"]) for i in inspector.get_indexes("person") if i["unique"]}
    assert ("id_number_index",) in unique and ("id_number",) not in unique
    for table in ("rental_property", "tenancy"):
        assert ("landlord_phone_index",) in {tuple(i["column_names"]) for i in inspector.get_indexes(table)}
    person = create_person()
    query = sa.select(Person.id).where(Person.id_number_is(person.id_number))
    assert db.session.scalar(query) == person.id
    if db.engine.dialect.name == "sqlite":
        compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
        plan = " ".join(row[-1] for row in db.session.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}")))
        assert "USING COVERING INDEX" in plan and "(id_number_index=?)" in plan  # SQLite's own unique index
    else:
        db.session.execute(sa.text("SET LOCAL enable_seqscan = off"))
        compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
        plan = " ".join(db.session.execute(sa.text(f"EXPLAIN {compiled}")).scalars())
        assert "uq_person_id_number_index" in plan


def test_an_id_number_belongs_to_one_person_through_its_index(db, create_person):
    number = id_number(date(1990, 3, 7))
    create_person(id_number=number)
    db.session.add(Person(name="李四", sex="male", ethnicity="01", birth_date=date(1990, 3, 7), id_number=number))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_key_rotation_re_encrypts_in_batches(make_app, tmp_path, db, create_person, create_account):
    """A new key in the key file, `flask keys rotate --batch 2`: every value under the new key, still readable and
    found by number; the old key can then go."""
    key_file = tmp_path / "keys.json"
    other = make_app("test", DATA_KEYS_FILE=str(key_file))
    runner = other.test_cli_runner()
    numbers = [id_number(date(1990, 3, 7), sequence=s) for s in (11, 13, 15)]
    with other.app_context():
        ids = [create_person(id_number=n, phone=f"1380000000{i}").id for i, n in enumerate(numbers)]
        _db.session.remove()
        result = runner.invoke(args=["keys", "new"])
        assert result.exit_code == 0 and "k2" in result.output, result.output
        assert crypto.data_keys().current == "k2"
        result = runner.invoke(args=["keys", "rotate", "--batch", "2"])
        assert result.exit_code == 0, result.output
        assert "Re-encrypted 6 values with k2" in result.output
        stored = _db.session.execute(sa.text("SELECT id_number, phone FROM person")).all()
        assert all(v.startswith("k2:") for row in stored for v in row)
        assert "person.id_number: k2 3" in runner.invoke(args=["keys", "status"]).output
        assert runner.invoke(args=["keys", "rotate"]).output.startswith("Re-encrypted 0 values")
        keys = json.loads(key_file.read_text())
        del keys["data_keys"]["k1"]
        crypto.write_key_file(key_file, keys)
        crypto.reload(other)
        _db.session.remove()
        found = [_db.session.scalar(sa.select(Person.id).where(Person.id_number_is(n))) for n in numbers]
        assert found == ids
        assert [_db.session.get(Person, i).phone for i in ids] == [f"1380000000{i}" for i in range(3)]
        _db.session.execute(sa.delete(Person))
        _db.session.commit()


def test_the_migration_encrypts_the_rows_already_there_and_decrypts_them_going_down(
    db, create_person, create_account, community
):
    from tests.support.factories import create_rental

    number = id_number(date(1990, 3, 7))
    person_id = create_person(id_number=number, phone="13800001234").id
    create_rental(create_account("landlord"), community, phone="13900005678")
    db.session.remove()
    downgrade(revision="0014_need_to_know")
    plain = db.session.execute(sa.text("SELECT id_number, phone FROM person")).one()
    assert tuple(plain) == (number, "13800001234")
    assert db.session.execute(sa.text("SELECT landlord_phone FROM rental_property")).scalar() == "13900005678"
    db.session.remove()
    upgrade()
    stored = db.session.execute(sa.text("SELECT id_number, phone FROM person")).one()
    assert number not in stored and "13800001234" not in stored
    assert db.session.scalar(sa.select(Person.id).where(Person.id_number_is(number))) == person_id
    assert db.session.scalar(sa.select(Person.id).where(Person.phone_is("13800001234"))) == person_id
    rental = db.session.scalar(sa.select(RentalProperty).where(RentalProperty.landlord_phone_is("13900005678")))
    assert rental is not None and rental.landlord_phone == "13900005678"


def test_keys_from_the_environment(make_app, monkeypatch):
    monkeypatch.setenv("XINJU_DATA_KEYS", f"new={crypto.new_key_text()}, old={crypto.new_key_text()}")
    monkeypatch.setenv("XINJU_INDEX_KEY", crypto.new_key_text())
    other = make_app("test")
    keys = other.extensions["xinju_data_keys"]
    assert (keys.current, sorted(keys.keys), keys.source) == ("new", ["new", "old"], "environment")
    monkeypatch.setenv("XINJU_DATA_KEYS", "k1=tooshort")
    with pytest.raises(crypto.DataKeysError, match="32 bytes"):
        make_app("test")
