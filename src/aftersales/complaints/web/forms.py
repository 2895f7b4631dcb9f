"""What the complaint pages' forms add to the console's shared form handling
(`aftersales.web.forms`): the registration form's field names."""

# Form field names of the registration form that differ from the schema's path.
FORM_FIELDS = {
    "customer.name": "customer_name",
    "customer.phone": "customer_phone",
    "customer.member_no": "member_no",
    "customer": "customer_name",
}


def blank_none(raw: str) -> str | None:
    return raw.strip() or None
