// ---- kernel0: r1:cb
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  %stiles1 = arith.maxsi %tiles, %c1 : i64
  %st = arith.remsi %begin, %stiles1 : i64
  %sr1 = arith.divsi %begin, %stiles1 : i64
  %ssize1_0 = arith.maxsi %size0, %c1 : i64
  %si0 = arith.remsi %sr1, %ssize1_0 : i64
  %sr0 = arith.divsi %sr1, %ssize1_0 : i64
  %ststart = arith.muli %st, %tile : i64
  %rows_end:2 = scf.for %row = %begin to %end step %c1 iter_args(%t = %st, %i0 = %si0) -> (i64, i64) : i64 {
    %nt1 = arith.addi %t, %c1 : i64
    %ncarry = arith.cmpi eq, %nt1, %tiles : i64
    %nt = arith.select %ncarry, %c0, %nt1 : i64
    %ni0_up = arith.addi %i0, %c1 : i64
    %ni0_c = arith.select %ncarry, %ni0_up, %i0 : i64
    %ni0_wrap = arith.cmpi eq, %ni0_c, %size0 : i64
    %ni0 = arith.select %ni0_wrap, %c0, %ni0_c : i64
    %ntstart = arith.muli %nt, %tile : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %v9 = arith.sitofp %len_all : i64 to f32
    %v10 = arith.constant 0x3F800000 : f32
    %v8 = arith.divf %v10, %v9 : f32
    %v11 = arith.constant 0x00000000 : f32
    %v12 = arith.cmpi sgt, %vend64, %c0 : i64
    %v13:1 = scf.if %v12 -> (f32) {
      %v14 = vector.broadcast %v11 : f32 to vector<64xf32>
      %v16:1 = scf.for %v15 = %c0 to %vend64 step %cw64 iter_args(%v15_acc0 = %v14) -> (vector<64xf32>) : i64 {
        %v18 = arith.addi %base0, %v15 : i64
        %v19 = llvm.getelementptr %ptr0[%v18] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v20 = llvm.load %v19 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
        %v21 = arith.addf %v15_acc0, %v20 fastmath<contract> : vector<64xf32>
        scf.yield %v21 : vector<64xf32>
      }
      %v22 = vector.reduction <add>, %v16#0 fastmath<reassoc> : vector<64xf32> into f32
      %v23 = arith.addf %v11, %v22 : f32
      scf.yield %v23 : f32
    } else {
      scf.yield %v11 : f32
    }
    %v24 = arith.cmpi sgt, %vend16, %vend64 : i64
    %v25:1 = scf.if %v24 -> (f32) {
      %v26 = vector.broadcast %v11 : f32 to vector<16xf32>
      %v28:1 = scf.for %v27 = %vend64 to %vend16 step %cw16 iter_args(%v27_acc0 = %v26) -> (vector<16xf32>) : i64 {
        %v30 = arith.addi %base0, %v27 : i64
        %v31 = llvm.getelementptr %ptr0[%v30] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v32 = llvm.load %v31 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
        %v33 = arith.addf %v27_acc0, %v32 fastmath<contract> : vector<16xf32>
        scf.yield %v33 : vector<16xf32>
      }
      %v34 = vector.reduction <add>, %v28#0 fastmath<reassoc> : vector<16xf32> into f32
      %v35 = arith.addf %v13#0, %v34 : f32
      scf.yield %v35 : f32
    } else {
      scf.yield %v13#0 : f32
    }
    %v36 = arith.cmpi sgt, %len, %vend16 : i64
    %v37:1 = scf.if %v36 -> (f32) {
      %v38 = vector.broadcast %v11 : f32 to vector<16xf32>
      %v40 = arith.subi %len, %vend16 : i64
      %v41 = arith.index_cast %v40 : i64 to index
      %v42 = vector.create_mask %v41 : vector<16xi1>
      %v44 = arith.addi %base0, %vend16 : i64
      %v45 = llvm.getelementptr %ptr0[%v44] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v47 = llvm.mlir.zero : vector<16xf32>
      %v46 = llvm.intr.masked.load %v45, %v42, %v47 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v48 = arith.select %v42, %v46, %v38 : vector<16xi1>, vector<16xf32>
      %v49 = arith.addf %v38, %v48 fastmath<contract> : vector<16xf32>
      %v50 = vector.reduction <add>, %v49 fastmath<reassoc> : vector<16xf32> into f32
      %v51 = arith.addf %v25#0, %v50 : f32
      scf.yield %v51 : f32
    } else {
      scf.yield %v25#0 : f32
    }
    %v52 = arith.mulf %v37#0, %v8 fastmath<contract> : f32
    %v53 = llvm.getelementptr %ptr1[%base1] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %v52, %v53 : f32, !llvm.ptr
    scf.yield %nt, %ni0 : i64, i64
  }
  return
}
