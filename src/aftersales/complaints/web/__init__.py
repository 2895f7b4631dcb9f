"""The complaint domain's web side: JSON routes (api*), console pages and the customer's own pages."""
