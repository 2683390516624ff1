/** / — a search box, what the database holds (and how much of it is invented), the latest reports. */
import { overview } from "../queries.js";
import { navigate } from "../router.js";
import { DemoBadge, Failure, Loading, place, useLoad } from "../util.js";

export function HomePage() {
  const o = useLoad("overview", overview);
  const submit = (e: Event) => {
    e.preventDefault();
    const q = ((e.target as HTMLFormElement).elements.namedItem("q") as HTMLInputElement).value.trim();
    navigate(`/search?q=${encodeURIComponent(q)}`);
  };
  return (
    <main class="home">
      <h1>政府信息公开工作年度报告 <small>China's government information-disclosure annual reports</small></h1>
      <form class="searchbox" onSubmit={submit} role="search">
        <input name="q" type="search" placeholder="搜索报告全文，如 依申请公开" aria-label="Search the reports' text" />
        <button type="submit">Search 搜索</button>
      </form>
      <p>Or <a href="/search?q=依申请公开">search 依申请公开</a>, <a href="/compare">compare figures across years and provinces</a>, or query the API in <a href="/graphiql">GraphiQL</a>.</p>
      {o.state === "loading" ? <Loading /> : o.state === "error" ? <Failure message={o.message} /> : (
        <>
          <p class="counts"><strong>{o.data.all.totalCount}</strong> reports
            {o.data.demo.totalCount > 0 && <> — <strong>{o.data.demo.totalCount}</strong> of them invented demo reports <DemoBadge />, not real publications</>}.</p>
          <h2>Latest years 最新报告</h2>
          <ul class="latest">
            {o.data.latest.nodes.map((r) => (
              <li key={r.id}><a href={`/reports/${r.id}`}>{r.agency.name} · {r.year}</a> <span class="meta">{place(r.agency)}</span> {r.synthetic && <DemoBadge />}</li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
