"""The parts of migration 0001_squashed_0013, one module per concept as in ``tracker.models``.

They are that migration, frozen: a later change to the models is a new migration, never an edit
here. The migration loader reads no package, so nothing here is taken for a migration.
"""
