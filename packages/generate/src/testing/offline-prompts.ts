/**
 * The offline planner's corpus: varied prompts (domains, phrasings, five words to a
 * paragraph, English, Spanish, French, German, Portuguese), each with what it plainly
 * names — tables, roles, access scopes and choice lists. The tests report the share
 * of each the planner produces; the benchmark times the planner over the prompts.
 *
 * Scopes are [role, table, kind, column]: person (the column holding the member),
 * team (the column linking to the app's teams table), parent (the reference the row follows),
 * readOnly (the role may only look; no column) and readOnlyColumn (the column it may not set).
 */
export type ScopeKind = "person" | "team" | "parent" | "readOnly" | "readOnlyColumn";

export interface PromptCase {
  prompt: string;
  tables: string[];
  roles: string[];
  scopes: [role: string, table: string, kind: ScopeKind, column?: string][];
  choices: [table: string, column: string, values: string[]][];
}

/** Prompts with no app in them: the planner asks what to keep instead of making one up. */
export const NOT_APPS = [
  "blorp zing",
  "write me a poem",
  "hello",
  "asdf qwer zxcv",
  "what is the weather tomorrow?",
  "顧客と請求書を管理するアプリ",
];

const c = (
  prompt: string,
  tables: string[],
  roles: string[] = [],
  scopes: PromptCase["scopes"] = [],
  choices: PromptCase["choices"] = [],
): PromptCase => ({ prompt, tables, roles, scopes, choices });

export const OFFLINE_PROMPTS: PromptCase[] = [
  // The issue's own prompts.
  c(
    "A plant nursery: greenhouses, plant batches, watering logs and customer orders. Gardeners see only the greenhouses assigned to them.",
    ["greenhouses", "plant_batches", "watering_logs", "customer_orders"],
    ["gardener"],
    [["gardener", "greenhouses", "person", "gardener_id"]],
  ),
  c(
    "Music school: instruments, teachers, pupils, lessons and recitals. Teachers see only their own pupils' lessons.",
    ["instruments", "teachers", "pupils", "lessons", "recitals"],
    ["teacher"],
    [
      ["teacher", "pupils", "person", "teacher_id"],
      ["teacher", "lessons", "parent", "pupil_id"],
    ],
  ),
  c("Coworking space: desks, meeting rooms, bookings, members and invoices.", [
    "desks",
    "meeting_rooms",
    "bookings",
    "members",
    "invoices",
  ]),
  c("a reservations book", ["reservations"]),
  c(
    "Budget planner where each department sees its own budgets and expenses.",
    ["budgets", "expenses"],
    [],
    [
      ["member", "budgets", "team", "department_id"],
      ["member", "expenses", "team", "department_id"],
    ],
  ),
  c(
    "a dog-walking business: clients, dogs, walks and walkers; walkers see only their own walks",
    ["clients", "dogs", "walks", "walkers"],
    ["walker"],
    [["walker", "walks", "person", "walker_id"]],
  ),
  // Short prompts.
  c("A CRM", ["companies", "contacts", "deals"]),
  c("inventory", ["products", "suppliers", "warehouses"]),
  c("Track books, authors and loans", ["books", "authors", "loans"]),
  c("Recipes with ingredients and steps", ["recipes", "ingredients", "steps"]),
  c("Manage tenants, leases and repairs", ["tenants", "leases", "repairs"]),
  c("A helpdesk for tickets", ["tickets"]),
  c("Plan events and workshops", ["events", "workshops"]),
  c("Internal chat with channels and messages", ["channels", "messages"]),
  c("A photo portfolio with albums and photos", ["albums", "photos"]),
  c("Product catalog with categories", ["categories"]),
  c("Log fishing trips and catches", ["fishing_trips", "catches"]),
  c("Wine cellar: bottles, regions and tastings", ["bottles", "regions", "tastings"]),
  // Relationships from phrasing.
  c(
    "A vet clinic with pets, owners and visits. Each owner has many pets; visits for each pet. Vets see only their own visits.",
    ["pets", "owners", "visits"],
    ["vet"],
    [["vet", "visits", "person", "vet_id"]],
  ),
  c("Projects with tasks and milestones; tasks belong to projects.", ["projects", "tasks", "milestones"]),
  c("Students enrol in courses; teachers grade assignments.", ["students", "courses", "assignments"], ["teacher"]),
  c("Track the client's invoices and the invoice's payments.", ["clients", "invoices", "payments"]),
  c(
    "Assign trucks to routes and book deliveries for customers. Drivers see only their own deliveries.",
    ["trucks", "routes", "deliveries", "customers"],
    ["driver"],
    [["driver", "deliveries", "person", "driver_id"]],
  ),
  c("Conference app: speakers, talks of each speaker, rooms and attendees", [
    "speakers",
    "talks",
    "rooms",
    "attendees",
  ]),
  c("Readings per sensor and alerts for each machine: machines, sensors, readings, alerts", [
    "machines",
    "sensors",
    "readings",
    "alerts",
  ]),
  // Roles and access.
  c(
    "A CRM where sales reps see only their own deals and managers see everything",
    ["deals"],
    ["manager", "sales_rep"],
    [["sales_rep", "deals", "person", "sales_rep_id"]],
  ),
  c(
    "Helpdesk for our support team: customers submit tickets, support agents see only tickets assigned to them, admins see everything.",
    ["tickets"],
    ["admin", "customer", "agent"],
    [["agent", "tickets", "person", "agent_id"]],
  ),
  c(
    "Inventory app to track products, suppliers and stock movements across warehouses. Warehouse staff can only view products.",
    ["products", "suppliers", "stock_movements", "warehouses"],
    ["staff"],
    [["staff", "products", "readOnly"]],
  ),
  c(
    "Project tracker with teams: each team sees its projects and tasks, managers see everything",
    ["teams", "projects", "tasks"],
    ["manager"],
    [
      ["member", "projects", "team", "team_id"],
      ["member", "tasks", "team", "team_id"],
    ],
  ),
  c(
    "Recruiting: track candidates, job openings, applications and interviews. Recruiters see only their own candidates; hiring managers see all applications.",
    ["candidates", "job_openings", "applications", "interviews"],
    ["recruiter", "hiring_manager"],
    [["recruiter", "candidates", "person", "recruiter_id"]],
  ),
  c(
    "Event planning app for organizers: events, venues, speakers and attendees",
    ["events", "venues", "speakers", "attendees"],
    ["organizer"],
  ),
  c(
    "Expense approvals. Employees submit expenses and see only the expenses they submitted; managers approve or reject them and see all expenses.",
    ["expenses"],
    ["employee", "manager"],
    [["employee", "expenses", "person", "created_by"]],
  ),
  c(
    "A school app to manage students, classes, assignments and grades. Teachers see only their own classes; students see only their own grades.",
    ["students", "classes", "assignments", "grades"],
    ["teacher", "student"],
    [
      ["teacher", "classes", "person", "teacher_id"],
      ["student", "grades", "person", "student_id"],
    ],
  ),
  c(
    "Property management: properties, tenants, leases and maintenance requests. Tenants see only their own maintenance requests; property managers see everything.",
    ["properties", "tenants", "leases", "maintenance_requests"],
    ["tenant", "property_manager"],
    [["tenant", "maintenance_requests", "person", "tenant_id"]],
  ),
  c(
    "Clinic scheduling: patients, appointments and doctors. Doctors see only the appointments assigned to them; receptionists see everything.",
    ["patients", "appointments", "doctors"],
    ["doctor", "receptionist"],
    [["doctor", "appointments", "person", "doctor_id"]],
  ),
  c(
    "An app for a volunteer food bank: donors, donations, volunteers and shifts. Volunteers see only their own shifts.",
    ["donors", "donations", "volunteers", "shifts"],
    ["volunteer"],
    [["volunteer", "shifts", "person", "volunteer_id"]],
  ),
  c(
    "Bug tracker for developers: bugs with severity, feature requests and comments. Each team sees its bugs.",
    ["bugs", "feature_requests", "comments"],
    ["developer"],
    [["developer", "bugs", "team", "team_id"]],
  ),
  c(
    "Fleet management: vehicles, trips and fuel logs. Drivers see only their own trips; dispatchers see everything.",
    ["vehicles", "trips", "fuel_logs"],
    ["driver", "dispatcher"],
    [["driver", "trips", "person", "driver_id"]],
  ),
  c("Invoicing for freelancers: clients, projects, time entries and invoices", [
    "clients",
    "projects",
    "time_entries",
    "invoices",
  ]),
  c(
    "HR tool: employees, departments, and leave requests. Employees see only their own leave requests; managers approve leave requests.",
    ["employees", "departments", "leave_requests"],
    ["employee", "manager"],
    [["employee", "leave_requests", "person", "employee_id"]],
  ),
  c(
    "A knowledge base with articles organised in categories; editors write articles and viewers can only read them.",
    ["articles", "categories"],
    ["editor", "viewer"],
  ),
  c(
    "Marketing team app to manage campaigns and leads. Each sales rep sees only their own leads.",
    ["campaigns", "leads"],
    ["sales_rep"],
    [["sales_rep", "leads", "person", "sales_rep_id"]],
  ),
  c(
    "A gym: members, classes and trainers. Trainers see only their own classes.",
    ["members", "classes", "trainers"],
    ["trainer"],
    [["trainer", "classes", "person", "trainer_id"]],
  ),
  c(
    "Cleaning company: sites, cleaning jobs and supplies. Cleaners see only the cleaning jobs assigned to them but cannot change the price.",
    ["sites", "cleaning_jobs", "supplies"],
    ["cleaner"],
    [
      ["cleaner", "cleaning_jobs", "person", "cleaner_id"],
      ["cleaner", "cleaning_jobs", "readOnlyColumn", "price"],
    ],
  ),
  c(
    "Timesheets: employees record timesheets but only managers can approve them.",
    ["timesheets"],
    ["employee", "manager"],
    [["employee", "timesheets", "readOnlyColumn", "approval"]],
  ),
  c(
    "A salon: stylists, clients and appointments. Stylists see only their own appointments. Receptionists book appointments for clients.",
    ["stylists", "clients", "appointments"],
    ["stylist", "receptionist"],
    [["stylist", "appointments", "person", "stylist_id"]],
  ),
  c(
    "Tutoring agency with tutors, students and sessions; tutors see only their own students' sessions.",
    ["tutors", "students", "sessions"],
    ["tutor"],
    [
      ["tutor", "students", "person", "tutor_id"],
      ["tutor", "sessions", "parent", "student_id"],
    ],
  ),
  c(
    "Each store sees its own orders and returns. Store managers see everything.",
    ["orders", "returns"],
    ["manager"],
    [
      ["member", "orders", "team", "store_id"],
      ["member", "returns", "team", "store_id"],
    ],
  ),
  c(
    "Auditors can only view invoices and payments; accountants manage invoices and payments.",
    ["invoices", "payments"],
    ["auditor", "accountant"],
    [
      ["auditor", "invoices", "readOnly"],
      ["auditor", "payments", "readOnly"],
    ],
  ),
  c(
    "Church volunteers app: events, volunteers and rotas; coordinators see everything, volunteers see only their own rotas.",
    ["events", "volunteers", "rotas"],
    ["coordinator", "volunteer"],
    [["volunteer", "rotas", "person", "volunteer_id"]],
  ),
  c(
    "Construction: projects, site reports and inspections. Inspectors see only their own inspections. Foremen log site reports.",
    ["projects", "site_reports", "inspections"],
    ["inspector", "foreman"],
    [["inspector", "inspections", "person", "inspector_id"]],
  ),
  // Choices and types.
  c(
    "Track orders with a status of new, packed, shipped or delivered",
    ["orders"],
    [],
    [],
    [["orders", "status", ["new", "packed", "shipped", "delivered"]]],
  ),
  c(
    "Leads with stage (cold, warm, hot) and a source",
    ["leads"],
    [],
    [],
    [["leads", "stage", ["cold", "warm", "hot"]]],
  ),
  c(
    "Bugs with priority: low, medium, high, critical",
    ["bugs"],
    [],
    [],
    [["bugs", "priority", ["low", "medium", "high", "critical"]]],
  ),
  c(
    "A garden center: plants with type (indoor, outdoor, succulent) and price, and suppliers",
    ["plants", "suppliers"],
    [],
    [],
    [["plants", "type", ["indoor", "outdoor", "succulent"]]],
  ),
  c(
    "Walks have a status: scheduled, in progress, done or cancelled. Track walks and dogs.",
    ["walks", "dogs"],
    [],
    [],
    [["walks", "status", ["scheduled", "in_progress", "done", "cancelled"]]],
  ),
  c(
    "Manage film shoots and locations; shoot stage goes pre-production, filming, editing, released",
    ["film_shoots", "locations"],
    [],
    [],
    [["film_shoots", "stage", ["pre-production", "filming", "editing", "released"]]],
  ),
  c(
    "Hotel: rooms with room type (single, double, suite), guests and reservations",
    ["rooms", "guests", "reservations"],
    [],
    [],
    [["rooms", "type", ["single", "double", "suite"]]],
  ),
  c(
    "Support tickets with severity (minor, major, blocker) and customers",
    ["support_tickets", "customers"],
    [],
    [],
    [["support_tickets", "severity", ["minor", "major", "blocker"]]],
  ),
  c(
    "Membership plans: tier is bronze, silver or gold. Track members and payments.",
    ["members", "payments"],
    [],
    [],
    [["members", "tier", ["bronze", "silver", "gold"]]],
  ),
  c(
    "Recruiting pipeline: candidates move from applied to screening, interview, offer, hired",
    ["candidates"],
    [],
    [],
    [["candidates", "stage", ["applied", "screening", "interview", "offer", "hired"]]],
  ),
  c(
    "Maintenance requests with urgency (low, normal, emergency) for apartments",
    ["maintenance_requests", "apartments"],
    [],
    [],
    [["maintenance_requests", "urgency", ["low", "normal", "emergency"]]],
  ),
  c(
    "Track invoices; each invoice has a status of draft, sent, paid or overdue and a payment method (card, transfer, cash)",
    ["invoices"],
    [],
    [],
    [
      ["invoices", "status", ["draft", "sent", "paid", "overdue"]],
      ["invoices", "method", ["card", "transfer", "cash"]],
    ],
  ),
  c(
    "Gym classes with level: beginner, intermediate, advanced. Members book classes.",
    ["gym_classes"],
    ["member"],
    [],
    [["gym_classes", "level", ["beginner", "intermediate", "advanced"]]],
  ),
  c(
    "A content calendar: posts with channel (blog, newsletter, social) and status (idea, writing, scheduled, published)",
    ["posts"],
    [],
    [],
    [
      ["posts", "channel", ["blog", "newsletter", "social"]],
      ["posts", "status", ["idea", "writing", "scheduled", "published"]],
    ],
  ),
  c(
    "Suivre les commandes avec statut (nouvelle, préparée, livrée)",
    ["orders"],
    [],
    [],
    [["orders", "status", ["nouvelle", "préparée", "livrée"]]],
  ),
  c(
    "Aufgaben mit Priorität (niedrig, mittel, hoch) verwalten",
    ["tasks"],
    [],
    [],
    [["tasks", "priority", ["niedrig", "mittel", "hoch"]]],
  ),
  c(
    "Gerenciar chamados com prioridade (baixa, média, alta) e clientes",
    ["chamados", "customers"],
    [],
    [],
    [["chamados", "priority", ["baixa", "média", "alta"]]],
  ),
  // Longer prompts.
  c(
    "We are a 40-person construction company and need one place for everything. Track projects (name, client, site address, budget, start date, due date, status), tasks within each project with priority and due date, equipment with condition, and contracts with value and end date. Each team sees its projects and its tasks. Supervisors see everything. Workers only see the tasks assigned to them. Accountants can only view contracts.",
    ["projects", "tasks", "equipment", "contracts"],
    ["supervisor", "worker", "accountant"],
    [
      ["worker", "tasks", "person", "worker_id"],
      ["accountant", "contracts", "readOnly"],
    ],
  ),
  c(
    "I run a small bakery. I want to keep track of our products, the daily orders from cafes, deliveries and the ingredients we buy from suppliers. Bakers see all orders, drivers see only their own deliveries, and only the owner can delete orders.",
    ["products", "orders", "cafes", "deliveries", "ingredients", "suppliers"],
    ["baker", "driver", "owner"],
    [["driver", "deliveries", "person", "driver_id"]],
  ),
  c(
    "Our nonprofit runs after-school programs. We need to manage programs, sessions of each program, kids, guardians and attendance records. Coordinators see everything; mentors see only their own sessions and the attendance records of those sessions.",
    ["after_school_programs", "sessions", "kids", "guardians", "attendance_records"],
    ["coordinator", "mentor"],
    [["mentor", "sessions", "person", "mentor_id"]],
  ),
  c(
    "Build me a tool for my landscaping business. Customers, properties for each customer, jobs, crews and invoices. Crew leads see only the jobs assigned to them. Each job has a status of quoted, scheduled, done or invoiced.",
    ["customers", "properties", "jobs", "crews", "invoices"],
    ["lead"],
    [["lead", "jobs", "person", "lead_id"]],
    [["jobs", "status", ["quoted", "scheduled", "done", "invoiced"]]],
  ),
  c(
    "A research lab needs to track samples, experiments, instruments and results. Researchers see only their own experiments and the results of those experiments; lab managers see everything; technicians can only view instruments.",
    ["samples", "experiments", "instruments", "results"],
    ["researcher", "manager", "technician"],
    [
      ["researcher", "experiments", "person", "researcher_id"],
      ["technician", "instruments", "readOnly"],
    ],
  ),
  c(
    "A football club app: players, teams, matches and training sessions. Coaches see only their own training sessions. Players can only view matches.",
    ["players", "teams", "matches", "training_sessions"],
    ["coach", "player"],
    [
      ["coach", "training_sessions", "person", "coach_id"],
      ["player", "matches", "readOnly"],
    ],
  ),
  c(
    "Moving company: quotes, moves, trucks and movers. Movers see only the moves assigned to them.",
    ["quotes", "moves", "trucks", "movers"],
    ["mover"],
    [["mover", "moves", "person", "mover_id"]],
  ),
  c(
    "Photography studio with clients, shoots, galleries and invoices; photographers see only their own shoots.",
    ["clients", "shoots", "galleries", "invoices"],
    ["photographer"],
    [["photographer", "shoots", "person", "photographer_id"]],
  ),
  c(
    "Translation agency: clients, documents, translators and jobs. Translators see only their own jobs but cannot change the rate.",
    ["clients", "documents", "translators", "jobs"],
    ["translator"],
    [
      ["translator", "jobs", "person", "translator_id"],
      ["translator", "jobs", "readOnlyColumn", "rate"],
    ],
  ),
  c(
    "Beekeeping: apiaries, hives, inspections and harvests. Beekeepers see only their own hives.",
    ["apiaries", "hives", "inspections", "harvests"],
    ["beekeeper"],
    [["beekeeper", "hives", "person", "beekeeper_id"]],
  ),
  c(
    "Car rental: cars, customers, rentals and damage reports. Agents see only the rentals they created.",
    ["cars", "customers", "rentals", "damage_reports"],
    ["agent"],
    [["agent", "rentals", "person", "created_by"]],
  ),
  c(
    "Legal practice: clients, cases, hearings and billable hours. Lawyers see only their own cases.",
    ["clients", "cases", "hearings", "billable_hours"],
    ["lawyer"],
    [["lawyer", "cases", "person", "lawyer_id"]],
  ),
  c(
    "A food truck: menu items, ingredients, sales and locations. Cooks can only view menu items.",
    ["menu_items", "ingredients", "sales", "locations"],
    ["cook"],
    [["cook", "menu_items", "readOnly"]],
  ),
  c(
    "Museum collection: artworks, artists, exhibitions and loans. Curators manage exhibitions; guides can only view artworks.",
    ["artworks", "artists", "exhibitions", "loans"],
    ["curator", "guide"],
    [["guide", "artworks", "readOnly"]],
  ),
  c(
    "IT asset tracking: laptops, licenses and repairs. Technicians see only the repairs assigned to them.",
    ["laptops", "licenses", "repairs"],
    ["technician"],
    [["technician", "repairs", "person", "technician_id"]],
  ),
  c("Podcast production: episodes, guests, sponsors and recordings", ["episodes", "guests", "sponsors", "recordings"]),
  c("Farm: fields, crops, harvests, tractors and workers", ["fields", "crops", "harvests", "tractors", "workers"]),
  c(
    "Daycare: children, parents, classrooms and daily reports. Teachers see only their own classrooms.",
    ["children", "parents", "classrooms", "daily_reports"],
    ["teacher"],
    [["teacher", "classrooms", "person", "teacher_id"]],
  ),
  c(
    "Sports league: leagues, teams, players and games. Referees see only the games assigned to them.",
    ["leagues", "teams", "players", "games"],
    ["referee"],
    [["referee", "games", "person", "referee_id"]],
  ),
  // Spanish.
  c(
    "Una app para gestionar clientes y facturas; los vendedores solo ven sus propios clientes.",
    ["customers", "invoices"],
    ["sales_rep"],
    [["sales_rep", "customers", "person", "sales_rep_id"]],
  ),
  c("Gestionar proyectos, tareas y empleados", ["projects", "tasks", "employees"]),
  c("Una clínica: pacientes, citas y facturas", ["patients", "appointments", "invoices"]),
  c(
    "Gestionar pedidos con estado (nuevo, enviado, entregado) y productos",
    ["orders", "products"],
    [],
    [],
    [["orders", "status", ["nuevo", "enviado", "entregado"]]],
  ),
  // French.
  c("Une application pour gérer les clients, les commandes et les produits.", ["customers", "orders", "products"]),
  c(
    "Gérer les projets et les tâches; chaque équipe voit seulement ses projets.",
    ["projects", "tasks"],
    [],
    [["member", "projects", "team", "team_id"]],
  ),
  c("Suivre les événements, les fournisseurs et les dépenses", ["events", "suppliers", "expenses"]),
  // German.
  c(
    "Eine App zum Verwalten von Projekten und Aufgaben; jedes Team sieht nur seine Projekte.",
    ["projects", "tasks"],
    [],
    [["member", "projects", "team", "team_id"]],
  ),
  c("Kunden, Rechnungen und Produkte verwalten", ["customers", "invoices", "products"]),
  c("Schüler, Kurse und Lehrer verwalten", ["students", "courses", "teachers"]),
  // Portuguese.
  c("Um app para gerenciar clientes, pedidos e produtos", ["customers", "orders", "products"]),
  c("Gerenciar projetos, tarefas e funcionários", ["projects", "tasks", "employees"]),
  c("Uma escola: alunos, cursos e professores", ["students", "courses", "teachers"]),
];
