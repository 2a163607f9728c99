from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf import any_pb2 as _any_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BookCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BOOK_CATEGORY_UNSPECIFIED: _ClassVar[BookCategory]
    BOOK_CATEGORY_MYSTERY: _ClassVar[BookCategory]
    BOOK_CATEGORY_SCIENCE_FICTION: _ClassVar[BookCategory]
    BOOK_CATEGORY_SELF_HELP: _ClassVar[BookCategory]
    BOOK_CATEGORY_FANTASY: _ClassVar[BookCategory]
    BOOK_CATEGORY_HISTORY: _ClassVar[BookCategory]
    BOOK_CATEGORY_BIOGRAPHY: _ClassVar[BookCategory]
    BOOK_CATEGORY_POPULAR_SCIENCE: _ClassVar[BookCategory]
    BOOK_CATEGORY_LITERARY_FICTION: _ClassVar[BookCategory]
    BOOK_CATEGORY_HORROR: _ClassVar[BookCategory]
    BOOK_CATEGORY_ROMANCE: _ClassVar[BookCategory]
BOOK_CATEGORY_UNSPECIFIED: BookCategory
BOOK_CATEGORY_MYSTERY: BookCategory
BOOK_CATEGORY_SCIENCE_FICTION: BookCategory
BOOK_CATEGORY_SELF_HELP: BookCategory
BOOK_CATEGORY_FANTASY: BookCategory
BOOK_CATEGORY_HISTORY: BookCategory
BOOK_CATEGORY_BIOGRAPHY: BookCategory
BOOK_CATEGORY_POPULAR_SCIENCE: BookCategory
BOOK_CATEGORY_LITERARY_FICTION: BookCategory
BOOK_CATEGORY_HORROR: BookCategory
BOOK_CATEGORY_ROMANCE: BookCategory

class Book(_message.Message):
    __slots__ = ("id", "title", "authors", "category", "published_year")
    ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    AUTHORS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_YEAR_FIELD_NUMBER: _ClassVar[int]
    id: str
    title: str
    authors: _containers.RepeatedScalarFieldContainer[str]
    category: BookCategory
    published_year: int
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., authors: _Optional[_Iterable[str]] = ..., category: _Optional[_Union[BookCategory, str]] = ..., published_year: _Optional[int] = ...) -> None: ...

class RecommendRequest(_message.Message):
    __slots__ = ("user_id", "categories", "page_size", "page_token", "exclude_book_ids")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_BOOK_IDS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    categories: _containers.RepeatedScalarFieldContainer[BookCategory]
    page_size: int
    page_token: str
    exclude_book_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, user_id: _Optional[str] = ..., categories: _Optional[_Iterable[_Union[BookCategory, str]]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., exclude_book_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class Recommendation(_message.Message):
    __slots__ = ("book",)
    BOOK_FIELD_NUMBER: _ClassVar[int]
    book: Book
    def __init__(self, book: _Optional[_Union[Book, _Mapping]] = ...) -> None: ...

class RecommendResponse(_message.Message):
    __slots__ = ("recommendations", "next_page_token")
    RECOMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    recommendations: _containers.RepeatedCompositeFieldContainer[Recommendation]
    next_page_token: str
    def __init__(self, recommendations: _Optional[_Iterable[_Union[Recommendation, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListCategoriesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CategorySummary(_message.Message):
    __slots__ = ("category", "display_name", "book_count")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    BOOK_COUNT_FIELD_NUMBER: _ClassVar[int]
    category: BookCategory
    display_name: str
    book_count: int
    def __init__(self, category: _Optional[_Union[BookCategory, str]] = ..., display_name: _Optional[str] = ..., book_count: _Optional[int] = ...) -> None: ...

class ListCategoriesResponse(_message.Message):
    __slots__ = ("categories",)
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    categories: _containers.RepeatedCompositeFieldContainer[CategorySummary]
    def __init__(self, categories: _Optional[_Iterable[_Union[CategorySummary, _Mapping]]] = ...) -> None: ...

class BatchRecommendRequest(_message.Message):
    __slots__ = ("request_id", "request")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    request: RecommendRequest
    def __init__(self, request_id: _Optional[str] = ..., request: _Optional[_Union[RecommendRequest, _Mapping]] = ...) -> None: ...

class BatchRecommendResponse(_message.Message):
    __slots__ = ("request_id", "response", "error")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    response: RecommendResponse
    error: BatchRecommendError
    def __init__(self, request_id: _Optional[str] = ..., response: _Optional[_Union[RecommendResponse, _Mapping]] = ..., error: _Optional[_Union[BatchRecommendError, _Mapping]] = ...) -> None: ...

class BatchRecommendError(_message.Message):
    __slots__ = ("code", "message", "details")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    code: int
    message: str
    details: _containers.RepeatedCompositeFieldContainer[_any_pb2.Any]
    def __init__(self, code: _Optional[int] = ..., message: _Optional[str] = ..., details: _Optional[_Iterable[_Union[_any_pb2.Any, _Mapping]]] = ...) -> None: ...
