"""Hotline questions (热线咨询): a question asked on the service hotline, answered within the
`hotline_answer` standard, or turned into a complaint when it was really one."""
