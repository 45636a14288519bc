"""The screens of the signed-in workspace, one module each."""
