"""Policy set versions kept in the database: drafts an administrator edits in the console,
the one active set every decision door uses, and replays of a draft over past claims."""
