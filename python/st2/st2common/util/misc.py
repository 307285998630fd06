"""st2common.util.misc: small helpers."""

__all__ = ["strip_shell_chars", "sanitize_output"]


def strip_shell_chars(input_str):
    """Drops one trailing newline, then one trailing carriage return."""
    if not isinstance(input_str, str):
        return input_str
    if input_str.endswith("\n"):
        input_str = input_str[:-1]
    if input_str.endswith("\r"):
        input_str = input_str[:-1]
    return input_str


def sanitize_output(input_str, uses_pty=False):
    output = strip_shell_chars(input_str)
    return output.replace("\r\n", "\n") if uses_pty and isinstance(output, str) else output
