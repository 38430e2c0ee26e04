# Persona fixtures for every test in the project (tests/personas.py).
pytest_plugins = ["tests.personas"]
