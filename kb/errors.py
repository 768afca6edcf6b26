"""The one error type of the generator, SourceError: it always names the source file and
the unit. Loading and checking the source gather every error they can find into a
SourceErrors (still a SourceError), reported together, one line each, as MkDocs reports
its configuration."""


class SourceError(Exception):
    """Bad structured source. Printed as one line, `file: unit: message`, never a traceback."""

    def __init__(self, file, message, unit=None):
        self.file = str(file)
        self.unit = unit
        self.message = message
        where = f"{self.file}: {unit}" if unit else self.file
        super().__init__(f"{where}: {message}")

    @property
    def errors(self):
        return [self]


class SourceErrors(SourceError):
    """Several SourceErrors, in the order found. Its file, unit and message are the first
    one's, and str() is one line (the first, and how many more): the command line prints
    `errors`, one line each."""

    def __init__(self, errors):
        self._errors = [e for error in errors for e in error.errors]
        first = self._errors[0]
        super().__init__(first.file, first.message, first.unit)

    @property
    def errors(self):
        return list(self._errors)

    def __str__(self):
        more = len(self._errors) - 1
        return Exception.__str__(self) + (f" (and {more} more)" if more else "")


class Collector:
    """Gathers SourceErrors while loading or checking goes on past a bad part."""

    def __init__(self):
        self.errors = []

    def attempt(self, function, *args, **kwargs):
        """function(*args) or, when it raises SourceError, None (the error is kept)."""
        try:
            return function(*args, **kwargs)
        except SourceError as error:
            self.errors += error.errors
            return None

    def add(self, errors):
        for error in errors:
            self.errors += error.errors

    def raise_errors(self):
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise SourceErrors(self.errors)
