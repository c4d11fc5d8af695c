def seed(stdout, password: str) -> None:
    pass
