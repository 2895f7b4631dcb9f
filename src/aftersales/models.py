"""Every table, imported once so that Alembic and the tests see the whole schema."""

from aftersales.audit import models as _audit  # noqa: F401
from aftersales.auth import models as _auth  # noqa: F401
from aftersales.claims import models as _claims  # noqa: F401
from aftersales.complaints import models as _complaints  # noqa: F401
from aftersales.complaints import reference as _complaint_ref  # noqa: F401
from aftersales.customers import models as _customers  # noqa: F401
from aftersales.db import Base
from aftersales.deadlines import models as _calendar  # noqa: F401
from aftersales.feedback import models as _feedback  # noqa: F401
from aftersales.feedback.enquiries import models as _enquiries  # noqa: F401
from aftersales.feedback.surveys import models as _surveys  # noqa: F401
from aftersales.idempotency import IdempotentRequest  # noqa: F401
from aftersales.notify import models as _notify  # noqa: F401
from aftersales.org import models as _org  # noqa: F401
from aftersales.parts import models as _parts  # noqa: F401
from aftersales.policysets import models as _policysets  # noqa: F401
from aftersales.repairs import models as _repairs  # noqa: F401
from aftersales.sales import models as _sales  # noqa: F401
from aftersales.shared_cache import CacheVersion  # noqa: F401
from aftersales.staff import models as _staff  # noqa: F401
from aftersales.supervision.inspections import models as _inspections  # noqa: F401
from aftersales.supervision.reports import models as _reports  # noqa: F401

metadata = Base.metadata
