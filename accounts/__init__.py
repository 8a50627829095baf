"""Users, sign-in pages and API tokens: who is calling, for the browser and for scripts."""
