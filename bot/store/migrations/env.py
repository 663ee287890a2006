"""Alembic environment: runs on the connection handed over by bot.store.db.upgrade."""

from alembic import context
from sqlalchemy import create_engine

from bot.store.models import Base

config = context.config
connection = config.attributes.get("connection")


def run(conn) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=conn,
        target_metadata=Base.metadata,
        render_as_batch=conn.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:  # alembic's own command line: alembic -x url=sqlite:///crisisbot.db revision ...
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///crisisbot.db")
    with create_engine(url).connect() as conn:
        run(conn)
        conn.commit()
