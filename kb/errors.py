"""The one error type of the generator: it always names the source file and the unit."""


class SourceError(Exception):
    """Bad structured source. Printed as one line, `file: unit: message`, never a traceback."""

    def __init__(self, file, message, unit=None):
        self.file = str(file)
        self.unit = unit
        self.message = message
        where = f"{self.file}: {unit}" if unit else self.file
        super().__init__(f"{where}: {message}")
