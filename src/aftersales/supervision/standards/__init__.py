"""The service standards as the admin keeps them: what each one measures, the open cases a
change would move (shown before saving), and the save that moves them."""
