"""Staff accounts protected: two-step verification for the admin (`two_factor`, `middleware`,
`views`) and a limit on failed sign-ins (`login_throttle`). docs/staff-accounts.md."""
