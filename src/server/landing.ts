/**
 * Example queries: GraphiQL's first tabs (/graphiql, web/src/graphiql.tsx) and the README's; the start
 * test runs each against the demo data.
 */
export const EXAMPLE_QUERIES: { title: string; query: string }[] = [
  {
    title: "Latest reports",
    query: `{
  reports(first: 5, orderBy: { field: year, direction: desc }) {
    totalCount
    nodes { id year format agency { name province level kind } }
  }
}`,
  },
  {
    title: "Applications received, by province and year",
    query: `{
  aggregate(groupBy: [province, year], measures: [t3_new_total]) {
    group { province year } count measures { variable sum avg }
  }
}`,
  },
  {
    title: "Sections that mention 依申请公开 (exact counts)",
    query: `{
  search(query: "依申请公开", exact: true, first: 5) {
    totalCount
    nodes { section snippet report { id year agency { name } } }
  }
}`,
  },
  {
    title: "Table 3 as printed (表三)",
    query: `{
  reports(first: 1) {
    nodes { agency { name } year table3Grid { columns { label } rows { label cells { value status candidates } } } }
  }
}`,
  },
  {
    title: "Ranked search with a filter",
    query: `{
  search(query: "政府信息公开", where: { year: { _gte: 2021 } }, first: 5) {
    totalCount
    nodes { section score snippet report { id year } }
  }
}`,
  },
];
