// The official OpenLineage schemas (see NOTICE.md), imported as data so every bundle carries them.

import BaseSubsetDatasetFacet from "./facets/BaseSubsetDatasetFacet.json" with { type: "json" };
import CatalogDatasetFacet from "./facets/CatalogDatasetFacet.json" with { type: "json" };
import ColumnLineageDatasetFacet from "./facets/ColumnLineageDatasetFacet.json" with { type: "json" };
import DataQualityAssertionsDatasetFacet from "./facets/DataQualityAssertionsDatasetFacet.json" with {
  type: "json",
};
import DataQualityMetricsDatasetFacet from "./facets/DataQualityMetricsDatasetFacet.json" with {
  type: "json",
};
import DataQualityMetricsInputDatasetFacet from "./facets/DataQualityMetricsInputDatasetFacet.json" with {
  type: "json",
};
import DatasetTypeDatasetFacet from "./facets/DatasetTypeDatasetFacet.json" with { type: "json" };
import DatasetVersionDatasetFacet from "./facets/DatasetVersionDatasetFacet.json" with { type: "json" };
import DatasourceDatasetFacet from "./facets/DatasourceDatasetFacet.json" with { type: "json" };
import DocumentationDatasetFacet from "./facets/DocumentationDatasetFacet.json" with { type: "json" };
import DocumentationJobFacet from "./facets/DocumentationJobFacet.json" with { type: "json" };
import EnvironmentVariablesRunFacet from "./facets/EnvironmentVariablesRunFacet.json" with { type: "json" };
import ErrorMessageRunFacet from "./facets/ErrorMessageRunFacet.json" with { type: "json" };
import ExecutionParametersRunFacet from "./facets/ExecutionParametersRunFacet.json" with { type: "json" };
import ExternalQueryRunFacet from "./facets/ExternalQueryRunFacet.json" with { type: "json" };
import ExtractionErrorRunFacet from "./facets/ExtractionErrorRunFacet.json" with { type: "json" };
import HierarchyDatasetFacet from "./facets/HierarchyDatasetFacet.json" with { type: "json" };
import InputStatisticsInputDatasetFacet from "./facets/InputStatisticsInputDatasetFacet.json" with {
  type: "json",
};
import JobDependenciesRunFacet from "./facets/JobDependenciesRunFacet.json" with { type: "json" };
import JobTypeJobFacet from "./facets/JobTypeJobFacet.json" with { type: "json" };
import LifecycleStateChangeDatasetFacet from "./facets/LifecycleStateChangeDatasetFacet.json" with {
  type: "json",
};
import LineageFacet from "./facets/LineageFacet.json" with { type: "json" };
import NominalTimeRunFacet from "./facets/NominalTimeRunFacet.json" with { type: "json" };
import OutputStatisticsOutputDatasetFacet from "./facets/OutputStatisticsOutputDatasetFacet.json" with {
  type: "json",
};
import OwnershipDatasetFacet from "./facets/OwnershipDatasetFacet.json" with { type: "json" };
import OwnershipJobFacet from "./facets/OwnershipJobFacet.json" with { type: "json" };
import ParentRunFacet from "./facets/ParentRunFacet.json" with { type: "json" };
import ProcessingEngineRunFacet from "./facets/ProcessingEngineRunFacet.json" with { type: "json" };
import SchemaDatasetFacet from "./facets/SchemaDatasetFacet.json" with { type: "json" };
import SourceCodeJobFacet from "./facets/SourceCodeJobFacet.json" with { type: "json" };
import SourceCodeLocationJobFacet from "./facets/SourceCodeLocationJobFacet.json" with { type: "json" };
import SQLJobFacet from "./facets/SQLJobFacet.json" with { type: "json" };
import StorageDatasetFacet from "./facets/StorageDatasetFacet.json" with { type: "json" };
import SymlinksDatasetFacet from "./facets/SymlinksDatasetFacet.json" with { type: "json" };
import TagsDatasetFacet from "./facets/TagsDatasetFacet.json" with { type: "json" };
import TagsJobFacet from "./facets/TagsJobFacet.json" with { type: "json" };
import TagsRunFacet from "./facets/TagsRunFacet.json" with { type: "json" };
import TestRunFacet from "./facets/TestRunFacet.json" with { type: "json" };
import core from "./OpenLineage.json" with { type: "json" };

export const CORE_SCHEMA: object = core;

/** Facet schemas by file name (the name their _schemaURL carries). */
export const FACET_SCHEMAS: Record<string, object> = {
  BaseSubsetDatasetFacet,
  CatalogDatasetFacet,
  ColumnLineageDatasetFacet,
  DataQualityAssertionsDatasetFacet,
  DataQualityMetricsDatasetFacet,
  DataQualityMetricsInputDatasetFacet,
  DatasetTypeDatasetFacet,
  DatasetVersionDatasetFacet,
  DatasourceDatasetFacet,
  DocumentationDatasetFacet,
  DocumentationJobFacet,
  EnvironmentVariablesRunFacet,
  ErrorMessageRunFacet,
  ExecutionParametersRunFacet,
  ExternalQueryRunFacet,
  ExtractionErrorRunFacet,
  HierarchyDatasetFacet,
  InputStatisticsInputDatasetFacet,
  JobDependenciesRunFacet,
  JobTypeJobFacet,
  LifecycleStateChangeDatasetFacet,
  LineageFacet,
  NominalTimeRunFacet,
  OutputStatisticsOutputDatasetFacet,
  OwnershipDatasetFacet,
  OwnershipJobFacet,
  ParentRunFacet,
  ProcessingEngineRunFacet,
  SQLJobFacet,
  SchemaDatasetFacet,
  SourceCodeJobFacet,
  SourceCodeLocationJobFacet,
  StorageDatasetFacet,
  SymlinksDatasetFacet,
  TagsDatasetFacet,
  TagsJobFacet,
  TagsRunFacet,
  TestRunFacet,
};
