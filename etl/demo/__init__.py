"""The demo-data factory: a realistic academy, or a benchmark-sized one, in every record kind.

`generate()` builds one polars frame per record kind; `write_files()` writes them either as
the clean files a system would export (`plain`) or as what analysts really send (`analyst`:
Chinese headers and labels, mixed date spellings and encodings, an Excel workbook).

The shape of the records (kinds, columns, types, enum codes, Chinese headers and labels)
comes from `etl.schema`; this package only knows what the records mean. Its names and places
(institutes, cities, venues, topics, people's names, measures) are data files in `data/`,
read by `world`; the real organizations are `etl/catalog/organizations.csv` (`catalog`).
"""

from etl.demo.catalog import CATALOG_PATH, load_catalog
from etl.demo.factory import FACT_KINDS, generate
from etl.demo.write import Style, write_files

__all__ = ["CATALOG_PATH", "FACT_KINDS", "Style", "generate", "load_catalog", "write_files"]
