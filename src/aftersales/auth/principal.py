"""The logged-in user as routes and services see it: small, immutable, cacheable."""

from dataclasses import dataclass

from aftersales.auth.models import Role, User


@dataclass(frozen=True, slots=True)
class Principal:
    id: int
    username: str
    display_name: str
    role: Role
    store_id: int | None
    counter_id: int | None
    epoch: int

    @classmethod
    def of(cls, user: User) -> "Principal":
        return cls(
            user.id,
            user.username,
            user.display_name,
            Role(user.role),
            user.store_id,
            user.counter_id,
            user.session_epoch,
        )
