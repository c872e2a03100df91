package io.temblor.script.runtime;

import io.temblor.script.error.Location;
import io.temblor.script.error.Span;
import io.temblor.script.value.Values;

import java.util.Arrays;
import java.util.List;

/**
 * Function calls: standard-library builtins, user functions ({@code fn}, with their own frame placed after the
 * caller's) and {@code recur}, which replaces the arguments and restarts the function up to the recursion limit.
 * Inside a function {@code event}, {@code $} and {@code state} are null, as in Tremor.
 */
public final class Calls
{
    private Calls()
    {
    }

    /**
     * The span Tremor prints for errors of calls: the call plus two lines before and after.
     *
     * @param span the call.
     * @return the widened span.
     */
    static Span widened(final Span span)
    {
        return new Span(new Location(Math.max(1, span.start().line() - 2), 1, 0),
            new Location(span.end().line() + 2, 1, 0));
    }

    /** A call of a builtin. */
    public static final class Invoke extends Node
    {
        private final Builtin builtin;
        private final String name;
        private final Node[] args;
        private final int tmp;

        /**
         * A builtin call.
         *
         * @param span source.
         * @param builtin the function.
         * @param name its Tremor name ({@code module::function}).
         * @param args argument expressions.
         * @param tmp one register pair per argument (at least one).
         */
        public Invoke(final Span span, final Builtin builtin, final String name, final List<Node> args, final int tmp)
        {
            super(span);
            this.builtin = builtin;
            this.name = name;
            this.args = args.toArray(new Node[0]);
            this.tmp = tmp;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            final int t = e.base + tmp;
            for (int i = 0; i < args.length; i++)
            {
                args[i].execute(e, t + 2 * i);
            }
            final int status = builtin.invoke(e, t, args.length, at);
            if (status != Builtin.OK)
            {
                final int arity = e.failureArity >= 0 ? e.failureArity : args.length;
                e.failureArity = -1;
                throw error(status, e.failure, arity);
            }
            return CONTINUE;
        }

        private ScriptError error(final int status, final String message, final int arity)
        {
            final String text = switch (status)
            {
                case Builtin.BAD_TYPE -> "Bad type passed to function " + name + "/" + arity;
                case Builtin.BAD_ARITY -> "Bad arity for function " + name + "/" + message + " but was called with " +
                    args.length + " arguments";
                default -> "Runtime error in function " + name + "/" + arity + ": " + message;
            };
            return new ScriptError(widened(span), span, text, null);
        }
    }

    /** A user function. */
    public static final class Function
    {
        final String name;
        final int argc;
        final boolean open;
        final FrameLayout layout = new FrameLayout();
        final int result;
        Node body;

        /**
         * A function; its arguments take the first register pairs of its frame, then the result's.
         *
         * @param name the name.
         * @param argc declared arguments.
         * @param open whether more arguments go to {@code args}.
         */
        public Function(final String name, final int argc, final boolean open)
        {
            this.name = name;
            this.argc = argc;
            this.open = open;
            layout.allocate(argc);
            result = layout.allocate();
        }

        /**
         * The frame layout (the compiler reserves registers in it).
         *
         * @return the layout.
         */
        public FrameLayout layout()
        {
            return layout;
        }

        /**
         * Sets the body (once compiled).
         *
         * @param body the body.
         */
        public void body(final Node body)
        {
            this.body = body;
        }

        /**
         * Declared argument count.
         *
         * @return argc.
         */
        public int argc()
        {
            return argc;
        }

        /**
         * Whether variadic.
         *
         * @return true with {@code ...}.
         */
        public boolean open()
        {
            return open;
        }
    }

    /** A call of a user function. */
    public static final class Call extends Node
    {
        private final Function fn;
        private final Node[] args;
        private final FrameLayout caller;
        private final int tmp;
        private final boolean foreign;

        /**
         * A call.
         *
         * @param span source.
         * @param fn the function.
         * @param args argument expressions.
         * @param caller the calling frame's layout.
         * @param tmp one register pair per argument (at least one).
         * @param foreign true when the function lives in another source (a module file): its errors are then reported
         *                at this call, whose source the caller can render.
         */
        public Call(final Span span, final Function fn, final List<Node> args, final FrameLayout caller, final int tmp,
            final boolean foreign)
        {
            super(span);
            this.fn = fn;
            this.args = args.toArray(new Node[0]);
            this.caller = caller;
            this.tmp = tmp;
            this.foreign = foreign;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            final int t = e.base + tmp;
            for (int i = 0; i < args.length; i++)
            {
                args[i].execute(e, t + 2 * i);
            }
            final int oldBase = e.base;
            // the pair just after a frame is its owner's result register (see ScriptInstance), so skip it
            final int frame = oldBase + caller.size() + 2;
            final int size = fn.layout.size();
            e.enterFrame(frame, size);
            for (int i = 0; i < fn.argc; i++)
            {
                e.assign(frame + 2 * i, e.regs[t + 2 * i], e.regs[t + 2 * i + 1]);
            }
            final long eh = e.eventH;
            final long eb = e.eventB;
            final long mh = e.metaH;
            final long mb = e.metaB;
            final long sh = e.stateH;
            final long sb = e.stateB;
            final long ah = e.argsH;
            final long ab = e.argsB;
            if (fn.open)
            {
                e.ctx.newArray(Math.max(1, args.length - fn.argc), e.regs, frame + fn.result);
                for (int i = fn.argc; i < args.length; i++)
                {
                    e.ctx.push(e.regs[frame + fn.result], e.regs[t + 2 * i], e.regs[t + 2 * i + 1], e.regs,
                        frame + fn.result);
                }
                e.argsH = e.regs[frame + fn.result];
                e.argsB = 0;
            }
            e.eventH = Values.NULL;
            e.eventB = 0;
            e.metaH = Values.NULL;
            e.metaB = 0;
            e.stateH = Values.NULL;
            e.stateB = 0;
            e.base = frame;
            e.depth++;
            try
            {
                int iterations = 0;
                while (true)
                {
                    fn.body.execute(e, frame + fn.result);
                    if (!e.recur)
                    {
                        break;
                    }
                    e.recur = false;
                    if (++iterations == e.recursionLimit)
                    {
                        throw new ScriptError(widened(span), span, "Recursion limit Reached", null);
                    }
                    Arrays.fill(e.regs, frame + 2 * fn.argc, frame + size, Env.UNSET);
                }
            }
            catch (final ScriptError ex)
            {
                if (!foreign)
                {
                    throw ex;
                }
                throw new ScriptError(widened(span), span, ex.getMessage(), null);
            }
            finally
            {
                e.depth--;
                e.base = oldBase;
                e.eventH = eh;
                e.eventB = eb;
                e.metaH = mh;
                e.metaB = mb;
                e.stateH = sh;
                e.stateB = sb;
                e.argsH = ah;
                e.argsB = ab;
            }
            e.move(frame + fn.result, at);
            return CONTINUE;
        }
    }

    /** {@code recur(args)}: restarts the running function. */
    public static final class Recur extends Node
    {
        private final Node[] args;
        private final int argc;
        private final int tmp;

        /**
         * A recur.
         *
         * @param span source.
         * @param args new arguments.
         * @param argc the function's declared argument count.
         * @param tmp one register pair per argument (at least one).
         */
        public Recur(final Span span, final List<Node> args, final int argc, final int tmp)
        {
            super(span);
            this.args = args.toArray(new Node[0]);
            this.argc = argc;
            this.tmp = tmp;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            final int t = e.base + tmp;
            for (int i = 0; i < args.length; i++)
            {
                args[i].execute(e, t + 2 * i);
            }
            for (int i = 0; i < Math.min(argc, args.length); i++)
            {
                e.assign(e.base + 2 * i, e.regs[t + 2 * i], e.regs[t + 2 * i + 1]);
            }
            e.recur = true;
            e.set(at, Values.NULL, 0);
            return CONTINUE;
        }
    }
}
