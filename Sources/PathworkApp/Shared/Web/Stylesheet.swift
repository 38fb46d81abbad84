import Vapor

/// The one stylesheet: small, hand-written, served from the binary so a district deploys one
/// file. Colors meet WCAG AA contrast on white; focus is always visible.
enum Stylesheet {
    static func register(_ app: Application) {
        app.get(SiteRoute.stylesheet.pattern) { _ -> Response in
            var headers = HTTPHeaders()
            headers.contentType = .init(type: "text", subType: "css", parameters: ["charset": "utf-8"])
            headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
            return Response(status: .ok, headers: headers, body: .init(string: css))
        }
    }

    static let css = """
    :root { --ink: #1b1f24; --muted: #4a5260; --line: #d0d5dd; --brand: #0b5cad; --bg: #f6f7f9; --bad: #a4161a; --ok: #1e6b34; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
    a { color: var(--brand); }
    :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
    .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; }
    .skip:focus { left: 0; z-index: 10; }
    header.site { background: #fff; border-bottom: 1px solid var(--line); }
    .bar { max-width: 72rem; margin: 0 auto; padding: .5rem 1rem; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; }
    .brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--ink); }
    nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; padding: 0; }
    nav a { text-decoration: none; padding: .25rem 0; display: inline-block; }
    nav a[aria-current=page] { font-weight: 700; border-bottom: 2px solid var(--brand); }
    .side-by-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
    .canvas dt .tag { margin-left: .35rem; }
    .removed { color: #8a1c1c; text-decoration: line-through; }
    .added { color: #1d5e2b; }
    img.photo { max-width: 100%; height: auto; border-radius: 6px; }
    nav ul.groups { align-items: flex-start; gap: .25rem 1.75rem; }
    nav .group > ul { gap: 0 .9rem; }
    nav .group-title { display: block; font-size: .72rem; letter-spacing: .04em; text-transform: uppercase; color: var(--muted); }
    .signout { margin-left: auto; display: flex; align-items: center; gap: .75rem; }
    .who { color: var(--muted); font-size: .9rem; }
    main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
    main:focus { outline: none; }
    h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
    h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
    .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin: 0 0 1rem; }
    .card > h2:first-child, .card > h3:first-child { margin-top: 0; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 1rem; }
    .figure { font-size: 2rem; font-weight: 700; margin: 0; }
    .muted { color: var(--muted); }
    .notice { background: #e7f4ea; border-left: 4px solid var(--ok); padding: .5rem 1rem; }
    .error-summary { background: #fdecec; border-left: 4px solid var(--bad); padding: .5rem 1rem; margin-bottom: 1rem; }
    .error { color: var(--bad); margin: .25rem 0 0; font-size: .95rem; }
    .warning { color: var(--bad); font-weight: 600; }
    .field { margin: 0 0 1rem; }
    .field label, fieldset legend { display: block; font-weight: 600; margin-bottom: .25rem; }
    .field.invalid input, .field.invalid select { border-color: var(--bad); }
    input[type=text], input[type=email], input[type=password], input[type=date], input[type=number], input[type=search], select, textarea {
      width: 100%; max-width: 32rem; padding: .5rem; font: inherit; border: 1px solid #8a94a3; border-radius: 4px; background: #fff; }
    fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1rem; padding: .75rem 1rem; }
    .check { display: flex; align-items: center; gap: .5rem; margin: .25rem 0; }
    .scale { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
    .scale label { display: flex; align-items: center; gap: .4rem; min-height: 2.75rem; font-weight: 400; }
    meter { width: min(12rem, 50vw); height: 1rem; vertical-align: middle; }
    .chart-wrap { overflow-x: auto; }
    svg.chart { width: 100%; min-width: 34rem; max-width: 46rem; font-size: 13px; }
    svg.chart.trend { min-width: 0; max-width: 22rem; }
    svg.chart .bar { fill: #2f5d8a; }
    svg.chart .reference { stroke: #222; stroke-width: 1.5; }
    svg.chart .muted { fill: #666; font-style: italic; }
    .checks { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0 1rem; }
    button, .button { display: inline-block; font: inherit; padding: .5rem 1rem; border-radius: 4px; border: 1px solid var(--brand);
      background: var(--brand); color: #fff; cursor: pointer; text-decoration: none; }
    button.secondary, .button.secondary { background: #fff; color: var(--brand); }
    button.danger { background: var(--bad); border-color: var(--bad); }
    button.link { background: none; border: none; color: var(--brand); padding: 0; text-decoration: underline; }
    .actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 1rem 0; }
    .filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .5rem 1rem; align-items: end; }
    .filters .field { margin: 0; }
    .table-wrap { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: .5rem .75rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { background: #eef1f5; font-weight: 600; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
    dl.facts dt { font-weight: 600; color: var(--muted); }
    dl.facts dd { margin: 0; }
    .pager { display: flex; gap: 1rem; align-items: center; margin: 1rem 0; }
    .tag { display: inline-block; background: #eef1f5; border-radius: 999px; padding: 0 .6rem; font-size: .85rem; margin: 0 .25rem .25rem 0; }
    .tag.warn { background: #fde8e8; color: var(--bad); font-weight: 600; }
    form.inline { display: inline; margin-left: .5rem; }
    ul.log > li { margin-bottom: .75rem; }
    pre.diff { white-space: pre-wrap; word-break: break-word; font-size: .8rem; margin: 0; }
    .signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; margin-top: 2rem; }
    .signatures .line { border-top: 1px solid var(--ink); padding-top: .25rem; margin-top: 2.5rem; color: var(--muted); font-size: .9rem; }
    @media print {
      header.site, .skip, .no-print, .actions, form { display: none; }
      body { background: #fff; }
      main { max-width: none; padding: 0; }
    }
    @media (max-width: 40rem) {
      .signout { margin-left: 0; width: 100%; justify-content: space-between; }
      th, td { padding: .4rem; }
      .hide-narrow { display: none; }
    }
    """
}
