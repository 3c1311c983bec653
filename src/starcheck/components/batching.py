"""A base for components that label a whole batch of docs at once (numpy work shared)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import minibatch


class BatchLabeller:
    """Subclasses implement `_label(docs)`; `__call__` and `pipe` route through it."""

    def _label(self, docs: list[Doc]) -> None:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        self._label([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(stream, size=batch_size):
            self._label(batch)
            yield from batch
