"""Every ORM module, imported so ``Base.metadata`` is complete (migrations, tests)."""

from inkpass.api_keys import models as api_keys_models
from inkpass.audit import models as audit_models
from inkpass.db import Base
from inkpass.jwks import models as jwks_models
from inkpass.oauth import models as oauth_models
from inkpass.orgs import models as orgs_models
from inkpass.otp import models as otp_models
from inkpass.policies import models as policies_models
from inkpass.service_principals import models as service_principals_models
from inkpass.sessions import models as sessions_models
from inkpass.totp import models as totp_models
from inkpass.users import models as users_models

MODEL_MODULES = (
    api_keys_models,
    audit_models,
    jwks_models,
    oauth_models,
    orgs_models,
    otp_models,
    policies_models,
    service_principals_models,
    sessions_models,
    totp_models,
    users_models,
)


def load_models() -> type[Base]:
    return Base
